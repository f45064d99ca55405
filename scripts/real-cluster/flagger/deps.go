//go:build tools

// Package deps keeps the packages behind upstream's flagger command (package main upstream, so it cannot be
// imported) in this module's requirements, so that `go mod tidy` keeps go.sum complete for building it.
package deps

import (
	_ "github.com/Masterminds/semver/v3"
	_ "github.com/fluxcd/flagger/pkg/controller"
	_ "github.com/fluxcd/flagger/pkg/server"
	_ "github.com/go-logr/zapr"
	_ "k8s.io/client-go/plugin/pkg/client/auth/gcp"
	_ "k8s.io/code-generator/cmd/client-gen/generators"
	_ "knative.dev/serving/pkg/client/clientset/versioned"
)
