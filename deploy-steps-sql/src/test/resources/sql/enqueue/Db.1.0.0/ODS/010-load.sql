UPDATE T_Fact SET Loaded = 1;
