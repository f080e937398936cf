package memo

import "testing"

func TestGetComputesOnceAndStaysBounded(t *testing.T) {
	m := New[int, int](3)
	calls := 0
	double := func(k int) int { calls++; return 2 * k }
	if got := m.Get(2, double); got != 4 {
		t.Fatalf("Get(2) = %d, want 4", got)
	}
	if got := m.Get(2, double); got != 4 || calls != 1 {
		t.Fatalf("second Get(2) = %d after %d computations, want 4 after 1", got, calls)
	}
	for k := 10; k < 20; k++ {
		m.Get(k, double)
	}
	n := 0
	m.m.Range(func(any, any) bool { n++; return true })
	if n > 3 {
		t.Fatalf("memo holds %d values, bound is 3", n)
	}
	if got := m.Get(19, double); got != 38 {
		t.Fatalf("Get(19) = %d, want 38", got)
	}
}
