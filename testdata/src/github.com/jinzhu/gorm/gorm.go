// Package gorm is a minimal stub of github.com/jinzhu/gorm (GORM v1), for
// analyzer tests.
package gorm

import "database/sql"

type DB struct {
	Error        error
	RowsAffected int64
}

// Scope is the state of one operation; v1 hooks may take it.
type Scope struct{ db *DB }

func (s *Scope) DB() *DB { return s.db }

func (s *DB) Begin() *DB                                                   { return s }
func (s *DB) BeginTx(opts *sql.TxOptions) *DB                              { return s }
func (s *DB) Commit() *DB                                                  { return s }
func (s *DB) Rollback() *DB                                                { return s }
func (s *DB) Transaction(fc func(tx *DB) error) (err error)                { return fc(s) }
func (s *DB) First(out interface{}, where ...interface{}) *DB              { return s }
func (s *DB) Save(value interface{}) *DB                                   { return s }
func (s *DB) Create(value interface{}) *DB                                 { return s }
func (s *DB) Delete(value interface{}, where ...interface{}) *DB           { return s }
func (s *DB) Update(attrs ...interface{}) *DB                              { return s }
func (s *DB) Updates(values interface{}, ignoreProtectedAttrs ...bool) *DB { return s }
func (s *DB) Exec(sql string, values ...interface{}) *DB                   { return s }
