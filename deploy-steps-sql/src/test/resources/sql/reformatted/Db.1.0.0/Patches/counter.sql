INSERT INTO T_Counter (Id) SELECT COALESCE(MAX(Id), 0) + 1 FROM T_Counter;   

