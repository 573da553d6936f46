CREATE TABLE t_audit (note TEXT);

CREATE FUNCTION f_note(text) RETURNS void AS $$
BEGIN
    INSERT INTO t_audit (note) VALUES ($1 || '; noted');
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION f_tagged() RETURNS text AS $body$ SELECT 'a;b'::text $body$ LANGUAGE sql;

SELECT f_note('first');
SELECT f_note(f_tagged());
INSERT INTO t_audit (note) VALUES (E'it\'s; escaped');
DO $$ BEGIN PERFORM f_note('from do'); END $$;
