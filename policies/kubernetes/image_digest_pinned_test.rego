package evident.checks.kubernetes.image_digest_pinned_test

import rego.v1

import data.evident.checks.kubernetes.image_digest_pinned as check
import data.evident.test.kubernetes as fx

_with_image(image) := fx.with_container(fx.pod_spec, object.union(fx.container, {"image": image}))

test_digest_is_silent if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_latest if {
	vs := check.violation with input as fx.pod(_with_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/lims/api:latest"))
	fx.paths(vs) == {"spec.containers[0].image"}
	some v in vs
	contains(v.msg, `uses the mutable tag "latest"`)
}

test_no_tag_with_registry_port if {
	vs := check.violation with input as fx.pod(_with_image("registry.example.com:5000/lims/api"))
	some v in vs
	contains(v.msg, "has no tag")
}

test_tag_only_in_gxp_namespace if {
	vs := check.violation with input as fx.cronjob(_with_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/lims/export:1.0.3")) with data.inventory as fx.inventory({"lims": {"data-classification": "gxp"}})
	fx.paths(vs) == {"spec.jobTemplate.spec.template.spec.containers[0].image"}
	some v in vs
	contains(v.msg, `pinned only by the mutable tag "1.0.3"`)
	contains(v.msg, "mandatory in GxP namespaces")
}
