package evident.checks.kubernetes.secrets_not_in_env_test

import rego.v1

import data.evident.checks.kubernetes.secrets_not_in_env as check
import data.evident.test.kubernetes as fx

_with_env(env, env_from) := fx.with_container(fx.pod_spec, object.union(fx.container, {"env": env, "envFrom": env_from}))

test_mounted_secret_and_plain_env_are_silent if {
	env := [{"name": "DB_PASSWORD_FILE", "value": "/var/run/secrets/db/password"}, {"name": "LOG_LEVEL", "value": "info"}, {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}]
	count(check.violation) == 0 with input as fx.pod(_with_env(env, [{"configMapRef": {"name": "lims-config"}}]))
}

test_secret_key_ref_and_env_from if {
	env := [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "lims-db", "key": "password"}}}]
	vs := check.violation with input as fx.deployment(_with_env(env, [{"secretRef": {"name": "lims-api-keys"}}]))
	fx.paths(vs) == {"spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef", "spec.template.spec.containers[0].envFrom[0].secretRef"}
}

test_literal_credentials_without_value_in_message if {
	env := [
		{"name": "MYSQL_ROOT_PASSWORD", "value": "s3cr3t-Pa55"},
		{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{"name": "UPSTREAM_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
		{"name": "GITHUB_TOKEN", "value": ""},
		{"name": "MYSQL_ALLOW_EMPTY_PASSWORD", "value": "true"},
	]
	vs := check.violation with input as fx.pod(_with_env(env, []))
	fx.paths(vs) == {"spec.containers[0].env[0].value", "spec.containers[0].env[1].value", "spec.containers[0].env[2].value"}
	every v in vs {
		not contains(v.msg, "s3cr3t")
		not contains(v.msg, "wJalr")
		not contains(v.msg, "AKIAIOSFODNN7EXAMPLE")
	}
}
