package gorm

import "database/sql"

// Transactions (added for the cmdcache rule).

func (db *DB) Begin(opts ...*sql.TxOptions) *DB { return db }
func (db *DB) Commit() *DB                      { return db }
func (db *DB) Rollback() *DB                    { return db }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) (err error) {
	return fc(db)
}

// Writes (added for the cmdcache rule's delete-before-write check).

func (db *DB) Create(value interface{}) *DB                       { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) *DB { return db }
func (db *DB) Update(column string, value interface{}) *DB        { return db }
func (db *DB) Updates(values interface{}) *DB                     { return db }
func (db *DB) Exec(sql string, values ...interface{}) *DB         { return db }
