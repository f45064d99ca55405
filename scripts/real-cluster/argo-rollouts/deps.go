//go:build tools

// Package deps keeps the upstream packages whose commands we build (rollouts-controller and
// kubectl-argo-rollouts, both package main upstream) in this module's requirements.
package deps

import (
	_ "github.com/argoproj/argo-rollouts/controller"
	_ "github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd"
)
