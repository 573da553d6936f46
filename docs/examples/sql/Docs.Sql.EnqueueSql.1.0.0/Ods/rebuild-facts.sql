EXEC dbo.P_RebuildFacts @System = '$(Product.SystemName)';
