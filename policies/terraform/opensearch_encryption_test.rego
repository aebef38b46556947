package evident.checks.terraform.opensearch_encryption_test

import data.evident.checks.terraform.opensearch_encryption as check
import data.evident.lib.terraform_testing as t

good := {"encrypt_at_rest": [{"enabled": true}], "node_to_node_encryption": [{"enabled": true}], "domain_endpoint_options": [{"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}]}

test_encrypted_domain_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_opensearch_domain.rag", "aws_opensearch_domain", good)])
}

test_bare_domain_fires_three_times if {
	count(check.violation) == 3 with input as t.plan([t.rc("aws_opensearch_domain.rag", "aws_opensearch_domain", {"domain_name": "rag"})])
}

test_tls10_policy_fires if {
	d := object.union(good, {"domain_endpoint_options": [{"enforce_https": true, "tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}]})
	vs := check.violation with input as t.plan([t.rc("aws_elasticsearch_domain.legacy", "aws_elasticsearch_domain", d)])
	count(vs) == 1
	some v in vs
	v.path == "after.domain_endpoint_options[0].tls_security_policy"
}
