CREATE TABLE IF NOT EXISTS T_DocsRefresh (System VARCHAR(100), RefreshedAt TIMESTAMP);
INSERT INTO T_DocsRefresh (System, RefreshedAt) VALUES ('$(Product.SystemName)', CURRENT_TIMESTAMP);
