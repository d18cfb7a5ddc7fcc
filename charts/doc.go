// Package charts turns the numbers of an okrgen site into charts: echarts
// options built with go-echarts, each with a text equivalent (a table) for
// screen readers and print. The options are plain JSON, drawn in the page by
// one static script; a PDF draws the same series with its own primitives.
package charts
