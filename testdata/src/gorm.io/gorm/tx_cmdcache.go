package gorm

import "database/sql"

// Transactions (added for the cmdcache rule).

func (db *DB) Begin(opts ...*sql.TxOptions) *DB { return db }
func (db *DB) Commit() *DB                      { return db }
func (db *DB) Rollback() *DB                    { return db }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) (err error) {
	return fc(db)
}
