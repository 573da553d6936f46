EXEC P_Rebuild;
