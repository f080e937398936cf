// Package drafts caches through platform.Scratch, which only an in-process
// implementation provides: its keys need no version.
package drafts

import (
	"context"
	"encoding/json"
	"time"

	"moduletest/platform"
)

type Draft struct{ Body string }

type Service struct{ scratch platform.Scratch }

func (s *Service) Save(ctx context.Context, userID string, d Draft) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.scratch.Put(ctx, "drafts:"+userID, b, time.Minute)
}

func New(scratch platform.Scratch) *Service { return &Service{scratch: scratch} }
