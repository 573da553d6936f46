-- edited after it was applied
INSERT INTO T_Counter (Id) SELECT COALESCE(MAX(Id), 0) + 100 FROM T_Counter;
