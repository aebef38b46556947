# METADATA
# title: A bucket policy or ACL was made public
# description: |
#   A successful PutBucketPolicy whose policy (object or JSON string) has an Allow statement for any
#   principal ("*" or {"AWS": "*"}) without a condition restricting it to an organisation, account, VPC,
#   network or principal; or a PutBucketAcl granting AllUsers/AuthenticatedUsers, by grant or canned ACL
#   (public-read, public-read-write, authenticated-read).
# custom:
#   id: CT-S3-POLICY-OR-ACL-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.308(a)(4)(ii)(C)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(i)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: "Replace the bucket policy/ACL with one that grants only named principals (or adds an aws:PrincipalOrgID condition), keep Block Public Access on at bucket and account level, and review who could have read the data while it was public."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.s3_policy_or_acl_public

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketPolicy"})
	p := ct.params(r)
	policy := ct.document(p.bucketPolicy)
	some i, s in ct.statements(policy)
	ct.public_statement(s)
	path := sprintf("requestParameters.bucketPolicy.Statement[%d]", [i])
	msg := sprintf("%s gave anyone access to bucket %q through its policy (statement %s allows %v to any principal without an organisation/account/network condition); remove the statement or restrict the principal", [ct.describe(r), object.get(p, "bucketName", "?"), _sid(s, i), object.get(s, "Action", "?")])
}

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	ct.call(r, "s3.amazonaws.com", {"PutBucketAcl"})
	p := ct.params(r)
	some grant in _public_grants(p)
	path := grant[0]
	grantee := grant[1]
	msg := sprintf("%s granted %s access to bucket %q through its ACL; set the ACL to private (and enforce BucketOwnerEnforced object ownership)", [ct.describe(r), grantee, object.get(p, "bucketName", "?")])
}

_public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "every AWS account (AuthenticatedUsers)",
}

_public_canned := {
	"public-read": "everyone (canned ACL public-read)",
	"public-read-write": "everyone (canned ACL public-read-write)",
	"authenticated-read": "every AWS account (canned ACL authenticated-read)",
}

# [path, who] of every public grant: ACL grants, the canned ACL, x-amz-grant-* headers.
_public_grants(p) := {[path, who] |
	some i, g in ct.as_list(p.AccessControlPolicy.AccessControlList.Grant)
	who := _public_groups[g.Grantee.URI]
	path := sprintf("requestParameters.AccessControlPolicy.AccessControlList.Grant[%d]", [i])
} | {[`requestParameters["x-amz-acl"]`, who] |
	some acl in ct.as_list(p["x-amz-acl"])
	who := _public_canned[acl]
} | {[sprintf("requestParameters[%q]", [header]), who] |
	some header, value in p
	startswith(header, "x-amz-grant-")
	some uri, who in _public_groups
	contains(sprintf("%v", [value]), uri)
}

_sid(s, _) := sprintf("%q", [s.Sid]) if is_string(s.Sid)

_sid(s, i) := sprintf("%d", [i]) if not is_string(s.Sid)
