-- runs longer than the test's timeout of 1 s
SELECT 1;
SELECT pg_sleep(30);
