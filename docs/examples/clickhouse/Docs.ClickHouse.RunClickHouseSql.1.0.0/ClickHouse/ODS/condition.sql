SELECT count() = 0 FROM system.tables WHERE database = '$(Product.SystemName)ODS' AND name = 'T_DocsShift'
