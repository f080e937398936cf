package memo

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Maps whose keys come from a small, fixed set the code shows: not
// reported. Each has a near miss keyed by open input that is.

// ---- a key named as a language, a locale or a time zone ----

var phrasebooks = map[string]map[string]string{}

func Phrase(lang, id string) string {
	if phrasebooks[lang] == nil {
		phrasebooks[lang] = map[string]string{"hello": strings.ToUpper(lang)}
	}
	return phrasebooks[lang][id]
}

var toolVersionCache = map[string]string{}

func ToolVersion(r *http.Request, language string) string {
	if v, ok := toolVersionCache[language]; ok {
		return v
	}
	v := "v1-" + language
	toolVersionCache[language] = v
	return v
}

// A time zone name: the zone database has a few hundred.
var zoneCache sync.Map

func Zone(tz string) *time.Location {
	if l, ok := zoneCache.Load(tz); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(tz)
	if err != nil {
		l = time.UTC
	}
	zoneCache.Store(tz, l)
	return l
}

// A zone that is not a time zone ("us-east-1a", a DNS zone) is no such
// name: reported.
var zoneInfoCache sync.Map // want `map zoneInfoCache is used as a cache`

func ZoneInfo(zone string) string {
	if v, ok := zoneInfoCache.Load(zone); ok {
		return v.(string)
	}
	v := strings.ToUpper(zone)
	zoneInfoCache.Store(zone, v)
	return v
}

// Templates parsed once per template file: the files are the program's.
var pageFiles = map[string]string{}

func PageFile(templateFileName string) string {
	if t, ok := pageFiles[templateFileName]; ok {
		return t
	}
	t := strings.TrimSpace(templateFileName)
	pageFiles[templateFileName] = t
	return t
}

// Keyed by a template's text, the same map grows with every text.
var compiledCache = map[string]string{} // want `map compiledCache is used as a cache`

func Compile(templateText string) string {
	if t, ok := compiledCache[templateText]; ok {
		return t
	}
	t := strings.TrimSpace(templateText)
	compiledCache[templateText] = t
	return t
}

// The same shape keyed by a search query grows with every query.
var answerCache = map[string]string{} // want `map answerCache is used as a cache: it is read by key and filled on a miss`

func Answer(query string) string {
	if v, ok := answerCache[query]; ok {
		return v
	}
	v := strings.ToLower(query)
	answerCache[query] = v
	return v
}

// ---- constant keys ----

var settingsCache = map[string]string{}

func SiteName() string {
	if v, ok := settingsCache["site.name"]; ok {
		return v
	}
	const key = "site.title"
	settingsCache["site.name"] = "x"
	settingsCache[key] = "y"
	return settingsCache["site.name"]
}

// ---- a range over a literal list of constants ----

var endpointCache = map[string]string{}

func Warm() {
	for _, region := range []string{"eu", "us", "ap"} {
		if _, ok := endpointCache[region]; !ok {
			endpointCache[region] = "https://" + region
		}
	}
}

// ---- a switch case on the key ----

var codecCache = map[string]*Template{}

func CodecFor(format string) *Template {
	if c, ok := codecCache[format]; ok {
		return c
	}
	switch format {
	case "png", "jpeg":
		codecCache[format] = parse(format)
	}
	return codecCache[format]
}

// The default branch takes any value.
var decoderCache = map[string]*Template{} // want `map decoderCache is used as a cache: it is read by key and filled on a miss`

func Decoder(format string) *Template {
	if c, ok := decoderCache[format]; ok {
		return c
	}
	switch format {
	case "gzip":
	default:
		decoderCache[format] = parse(format)
	}
	return decoderCache[format]
}

// ---- a parameter every caller fills with a constant ----

var mailCache = map[string]*Template{}

func mailTemplate(name string) *Template {
	if t, ok := mailCache[name]; ok {
		return t
	}
	t := parse(name)
	mailCache[name] = t
	return t
}

func Welcome() *Template { return mailTemplate("welcome") }
func Reset() *Template   { return mailTemplate("reset") }

// One caller passes a request value.
var routeCache = map[string]*Template{} // want `map routeCache is used as a cache: it is read by key and filled on a miss`

func page(name string) *Template {
	if t, ok := routeCache[name]; ok {
		return t
	}
	t := parse(name)
	routeCache[name] = t
	return t
}

func Home() *Template               { return page("home") }
func Any(r *http.Request) *Template { return page(r.URL.Path) }

// Used as a value, the function has callers the package does not show.
var viewCache = map[string]*Template{} // want `map viewCache is used as a cache: it is read by key and filled on a miss`

func view(name string) *Template {
	if t, ok := viewCache[name]; ok {
		return t
	}
	t := parse(name)
	viewCache[name] = t
	return t
}

func About() *Template { return view("about") }

var RenderView = view
