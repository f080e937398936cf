// Command lms serves the example learning-management API.
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"

	"example.com/lms/internal/api"
	"example.com/lms/internal/catalog"
	"example.com/lms/internal/enroll"
	"example.com/lms/internal/rcache"
	"example.com/lms/internal/store"
)

func main() {
	db := store.New()
	rdb := redis.NewClient(&redis.Options{Addr: envOr("REDIS_ADDR", "127.0.0.1:6379")})
	a := &api.API{
		Catalog: &catalog.Service{Cache: rcache.New(rdb), DB: db},
		Enroll:  &enroll.Service{Local: gocache.New(5*time.Minute, 10*time.Minute), DB: db, Secret: []byte(os.Getenv("LMS_KEY_SECRET"))},
	}
	srv := &http.Server{Addr: envOr("ADDR", "127.0.0.1:8080"), Handler: a.Routes(), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
