INSERT INTO T_DocsShift (Site, Name, StartsAt) VALUES ('Docs', 'Morning', '2026-01-01 06:00:00');
