package auth

import "context"

type Claims struct {
	Subject string
	Email   string
	Plan    string
}

func UserID(ctx context.Context) string      { return "" }
func TenantID(ctx context.Context) string    { return "" }
func ClaimsFrom(ctx context.Context) *Claims { return nil }
func PlanOf(ctx context.Context) string      { return "" }
