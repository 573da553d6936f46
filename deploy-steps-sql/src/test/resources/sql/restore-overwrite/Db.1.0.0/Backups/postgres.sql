-- a plain pg_dump, restored with psql
SET client_encoding = 'UTF8';
CREATE TABLE public.t_restored (id integer PRIMARY KEY, name text);
COPY public.t_restored (id, name) FROM stdin;
1	from backup
2	second row
\.
