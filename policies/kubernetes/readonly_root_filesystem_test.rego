package evident.checks.kubernetes.readonly_root_filesystem_test

import rego.v1

import data.evident.checks.kubernetes.readonly_root_filesystem as check
import data.evident.test.kubernetes as fx

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.notebook(fx.pod_spec)
}

test_writable_notebook if {
	c := object.union(fx.container, {"name": "jupyter", "securityContext": {"readOnlyRootFilesystem": false}})
	vs := check.violation with input as fx.notebook(fx.with_container(fx.pod_spec, c))
	fx.paths(vs) == {"spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"}
	some v in vs
	contains(v.msg, `Notebook "analysis" in namespace "research": container "jupyter" has a writable root filesystem`)
}

test_unset_and_string_true if {
	spec := object.union(fx.pod_spec, {"initContainers": [{"name": "init", "image": fx.image}], "containers": [object.union(fx.container, {"securityContext": {"readOnlyRootFilesystem": "True"}})]})
	fx.paths(check.violation) == {"spec.initContainers[0].securityContext.readOnlyRootFilesystem"} with input as fx.pod(spec)
}
