// Light and dark: theme-boot.js set <html data-theme> before the first paint; this is the toggle button.
import { h } from './dom.js';

const KEY = 'xai.console.theme';

function currentTheme() {
  return document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';
}

/** A button named after the theme it switches to ("Dark theme" while light). */
export function themeToggle() {
  const el = h('button', { type: 'button', class: 'ghost theme-toggle' });
  const label = () => {
    el.textContent = currentTheme() === 'dark' ? 'Light theme' : 'Dark theme';
  };
  el.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    try { localStorage.setItem(KEY, next); } catch { /* not kept: fine */ }
    label();
  });
  label();
  return el;
}
