-- runs longer than the test's timeout of 1 s (a sum over 10^12 rows)
SELECT 1;
SELECT SUM(X * X) FROM SYSTEM_RANGE(1, 1000000000000);
