// Runs before the first paint (a blocking classic script: the policy allows no inline one) so a dark page never
// flashes light. The choice is not a secret, so localStorage is fine here.
(function () {
  var saved = null;
  try { saved = localStorage.getItem('xai.console.theme'); } catch (e) { /* storage blocked: follow the system */ }
  var dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
