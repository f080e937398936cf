package app

import (
	"crypto/rand"
	"io"
	"net/http"
	"strings"
)

// An upload store named like a cache, keyed by a fresh random id. The
// handler also records the uploader's usage through the receiver
// (s.usage.Add(u.ID, ...)); that does not make the stored body, read
// through s.limits, depend on the user.
type fileCache struct{}

func (c *fileCache) Write(id string, in io.Reader) (int64, error) { return 0, nil }

type usageRecorder struct{}

func (r *usageRecorder) Add(userID string, n int64) {}

type uploadLimits struct{ MaxBytes int64 }

type UploadUser struct{ ID string }

func uploadUserOf(r *http.Request) *UploadUser { return &UploadUser{ID: r.Header.Get("X-UploadUser")} }

func newUploadID() string { return rand.Text() }

type UploadServer struct {
	files  *fileCache
	usage  *usageRecorder
	limits uploadLimits
}

func (s *UploadServer) Upload(r *http.Request) error {
	id := newUploadID()
	body := io.LimitReader(r.Body, s.limits.MaxBytes)
	n, err := s.files.Write(id, body)
	if err != nil {
		return err
	}
	u := uploadUserOf(r)
	s.usage.Add(u.ID, n)
	return nil
}

// The same store fed a rendering of the uploader under a shared key is
// reported.
func (s *UploadServer) Badge(r *http.Request) error {
	u := uploadUserOf(r)
	_, err := s.files.Write("badge", strings.NewReader("uploaded by "+u.ID)) // want `cache key "badge" omits u, but the cached value is computed from it`
	return err
}
