//go:build tools

// Package deps keeps the upstream packages behind the kwok command (package main upstream) in this
// module's requirements.
package deps

import _ "sigs.k8s.io/kwok/pkg/kwok/cmd"
