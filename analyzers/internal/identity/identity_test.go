package identity

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	for in, want := range map[string][]string{
		"orgID":        {"org", "id"},
		"HTTPUserName": {"http", "user", "name"},
		"tenant_id":    {"tenant", "id"},
		"X-Tenant-ID":  {"x", "tenant", "id"},
		"userIDs":      {"user", "i", "ds"},
		"v2":           {"v2"},
		"":             nil,
	} {
		if got := Split(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Split(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSplitASCII checks Split's ASCII path against the general one.
func TestSplitASCII(t *testing.T) {
	for _, in := range []string{
		"", "_", "a", "A", "ID", "orgID", "HTTPUserName", "tenant_id", "X-Tenant-ID", "userIDs", "v2",
		"user2FA", "a.b:c d", "__x__", "ABCdef", "abcDEF", "A1B2c3", "getURLForUserID", "S3Key", "x-Org-Id",
	} {
		if got, want := Split(in), splitRunes(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Split(%q) = %q, the general path gives %q", in, got, want)
		}
	}
	if got, want := Split("nutzerÄnderung"), []string{"nutzer", "änderung"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Split(non-ASCII) = %q, want %q", got, want)
	}
}

func TestName(t *testing.T) {
	c := Default
	for in, want := range map[string]Kind{
		"orgID": Tenant, "tenant": Tenant, "TenantID": Tenant, "accountId": Tenant, "workspace_id": Tenant,
		"userID": User, "uid": User, "user": User, "sub": User, "Sub": User, "memberID": User, "claims": User, "principal": User, "userName": User,
		// near misses: a repository, a plural, a service, a pubsub, a subtotal
		"userRepo": None, "users": None, "orgService": None, "NewPubSub": None, "subTotal": None, "subs": None, "pubSub": None,
		"courseID": None, "id": None, "key": None, "accountant": None,
	} {
		if got := c.Name(in); got != want {
			t.Errorf("Name(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestExtraWords(t *testing.T) {
	c := New(Words{Tenant: []string{"school"}, User: []string{"Student"}, PII: []string{"iban"}})
	if c.Name("schoolID") != Tenant || c.Name("studentID") != User || !c.PII("ibanNumber") {
		t.Fatal("configured words are not used")
	}
	if Default.Name("schoolID") != None {
		t.Fatal("configured words leak into the default classifier")
	}
}

func TestCovers(t *testing.T) {
	if !User.Covers(Tenant) || !User.Covers(User) || !Tenant.Covers(Tenant) {
		t.Error("a finer or equal scope must cover")
	}
	if Tenant.Covers(User) || None.Covers(Tenant) || None.Covers(None) {
		t.Error("a coarser scope (or none) must not cover")
	}
}

func TestPII(t *testing.T) {
	c := Default
	for in, want := range map[string]bool{
		"email": true, "userEmail": true, "emailAddress": true, "phone": true, "phoneNumber": true, "homeAddress": true, "ssn": true,
		"remoteAddress": false, "listenAddr": false, "emailVerified": false, "name": false, "userID": false,
	} {
		if got := c.PII(in); got != want {
			t.Errorf("PII(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestHashAndVersion(t *testing.T) {
	c := Default
	for _, n := range []string{"HashEmail", "sha256Hex", "Sum256", "hmacKey", "pseudonymize"} {
		if !c.Hash(n) {
			t.Errorf("Hash(%q) = false", n)
		}
	}
	for _, n := range []string{"EncodeToString", "ToLower", "Sprintf"} {
		if c.Hash(n) {
			t.Errorf("Hash(%q) = true", n)
		}
	}
	for _, n := range []string{"schemaVersion", "keyVer", "cacheGen"} {
		if !c.Version(n) {
			t.Errorf("Version(%q) = false", n)
		}
	}
	for seg, want := range map[string]bool{"v1": true, "V12": true, "ver2": true, "version3": true, "schema4": true, "@v1": true, "v1.2": true,
		"v": false, "vendor": false, "view": false, "version": false, "1": false, "rev": false} {
		if got := VersionSegment(seg); got != want {
			t.Errorf("VersionSegment(%q) = %v, want %v", seg, got, want)
		}
	}
}
