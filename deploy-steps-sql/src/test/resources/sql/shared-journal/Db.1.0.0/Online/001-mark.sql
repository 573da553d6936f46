-- Who deployed, then as long a pause as the test asks: a second deployer that is not kept out
-- by the journal's lock runs this too.
INSERT INTO marks (deployer) VALUES ('$(Deployer)');
SELECT pg_sleep($(PauseSeconds));
