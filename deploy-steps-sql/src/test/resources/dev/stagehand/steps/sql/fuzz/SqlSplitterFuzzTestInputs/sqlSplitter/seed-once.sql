INSERT INTO T_Runs (Note) VALUES ('applied');
