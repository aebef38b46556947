package evident.checks.kubernetes.image_registry_allowlist_test

import rego.v1

import data.evident.checks.kubernetes.image_registry_allowlist as check
import data.evident.test.kubernetes as fx

_with_image(image) := fx.with_container(fx.pod_spec, object.union(fx.container, {"image": image}))

test_private_ecr_is_approved_by_default if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_docker_hub_short_name if {
	vs := check.violation with input as fx.deployment(_with_image("nginx:1.25"))
	fx.paths(vs) == {"spec.template.spec.containers[0].image"}
	some v in vs
	contains(v.msg, `"nginx:1.25" (a Docker Hub short name)`)
}

test_nvcr_needs_configuration if {
	img := "nvcr.io/nvidia/clara/bionemo-framework:1.5@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	count(check.violation) == 1 with input as fx.pod(_with_image(img))
	count(check.violation) == 0 with input as fx.pod(_with_image(img)) with data.evident.config.approved_registries as ["nvcr.io/nvidia/clara/"]
}

test_prefix_is_not_a_host_suffix if {
	count(check.violation) == 1 with input as fx.pod(_with_image("nvcr.io.evil.example/nvidia/clara/x:1")) with data.evident.config.approved_registries as ["nvcr.io/"]
}

test_wildcard_host if {
	cfg := ["*.mirror.example.com/approved/"]
	count(check.violation) == 0 with input as fx.pod(_with_image("eu.mirror.example.com/approved/nim:1")) with data.evident.config.approved_registries as cfg
	count(check.violation) == 1 with input as fx.pod(_with_image("eu.mirror.example.com/other/nim:1")) with data.evident.config.approved_registries as cfg
}

test_private_ecr_can_be_disallowed if {
	count(check.violation) == 1 with input as fx.pod(fx.pod_spec) with data.evident.config.allow_private_ecr as false
}

test_public_ecr_and_ephemeral if {
	spec := object.union(fx.pod_spec, {"ephemeralContainers": [{"name": "dbg", "image": "public.ecr.aws/docker/library/busybox:1.36"}]})
	fx.paths(check.violation) == {"spec.ephemeralContainers[0].image"} with input as fx.pod(spec)
}
