-- the test's proxy stops passing bytes on once it sees this statement
SELECT 'stall-here';
