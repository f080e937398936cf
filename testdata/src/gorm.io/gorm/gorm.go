// Package gorm is a minimal stub of gorm.io/gorm, for analyzer tests.
package gorm

import "time"

type DeletedAt struct {
	Time  time.Time
	Valid bool
}

type Model struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt `gorm:"index"`
}

type DB struct{ Error error }

func (db *DB) First(dest interface{}, conds ...interface{}) *DB { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) *DB  { return db }
func (db *DB) Where(query interface{}, args ...interface{}) *DB { return db }
func (db *DB) Save(value interface{}) *DB                       { return db }
