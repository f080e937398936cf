// Package web has a transaction-per-request middleware: it begins a
// transaction, stores it in the request context, calls the handler and
// commits after it returned.
package web

import (
	"context"
	"database/sql"
	"net/http"
)

type ctxKey struct{} // want ctxKey:`request transaction: the transaction web.Tx stores in the request context`

// Tx is the middleware.
func Tx(db *sql.DB) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tx, err := db.BeginTx(r.Context(), nil)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			defer tx.Rollback()
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, tx)))
			if r.Method != http.MethodGet {
				tx.Commit()
			}
		})
	}
}

// From returns the request's transaction.
func From(ctx context.Context) *sql.Tx { // want From:`reads the transaction web.Tx stores in the request context`
	tx, _ := ctx.Value(ctxKey{}).(*sql.Tx)
	return tx
}

type userKey struct{}

// User reads another value of the context: not a transaction.
func User(ctx context.Context) string {
	u, _ := ctx.Value(userKey{}).(string)
	return u
}
