package cacheops

import "testing"

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"RedisCache", true}, {"CACHE", true}, {"cacher", true}, {"lrucaching", true}, {"Cach", true},
		{"", false}, {"cac", false}, {"Catch", false}, {"Store", false},
	} {
		if got := containsFold(c.s, "cach"); got != c.want {
			t.Errorf("containsFold(%q, \"cach\") = %v, want %v", c.s, got, c.want)
		}
	}
}
