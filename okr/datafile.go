package okr

// MaxDataFileSize bounds a data file (SPEC section 10): a daily row for
// years fits many times over.
const MaxDataFileSize = 16 << 20
