-- Regions (placeholder, filled by the regions work): notifications for replicated rows and the revocation feed.
SELECT 1;
