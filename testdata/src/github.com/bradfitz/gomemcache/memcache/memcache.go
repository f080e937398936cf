// Package memcache is a minimal stub of github.com/bradfitz/gomemcache/memcache.
package memcache

type Item struct {
	Key        string
	Value      []byte
	Flags      uint32
	Expiration int32
}

type Client struct{}

func New(server ...string) *Client { return &Client{} }

func (c *Client) Get(key string) (*Item, error)               { return nil, nil }
func (c *Client) Set(item *Item) error                        { return nil }
func (c *Client) Add(item *Item) error                        { return nil }
func (c *Client) Replace(item *Item) error                    { return nil }
func (c *Client) Delete(key string) error                     { return nil }
func (c *Client) Touch(key string, seconds int32) (err error) { return nil }
