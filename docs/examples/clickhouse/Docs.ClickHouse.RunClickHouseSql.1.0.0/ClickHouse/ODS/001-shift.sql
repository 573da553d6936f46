CREATE TABLE IF NOT EXISTS T_DocsShift (Site String, Name String, StartsAt DateTime)
    ENGINE = MergeTree ORDER BY (Site, StartsAt);
