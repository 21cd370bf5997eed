-- Regions (placeholder, filled by the regions work): home region of control-plane rows.
SELECT 1;
