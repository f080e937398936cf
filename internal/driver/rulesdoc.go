package driver

//go:generate go test -run TestRulesDocGenerated -update .
