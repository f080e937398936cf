// Package models holds the GORM models and their DTOs.
package models

import "gorm.io/gorm"

type User struct {
	gorm.Model
	Email string
	Name  string
	Roles []Role `gorm:"many2many:user_roles"`
}

type Role struct {
	gorm.Model
	Name string
}

// Admin embeds a model: still a mapped row.
type Admin struct {
	User
	Level int
}

// UserDTO is what the API returns.
type UserDTO struct {
	ID   uint
	Name string
}

func (u *User) DTO() UserDTO { return UserDTO{ID: u.ID, Name: u.Name} }
