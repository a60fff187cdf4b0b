//! Representative inputs for the UI's Samples menu, each real and from a public source. Samples
//! with an `id` are verbatim records of tests/fixtures/real-world.jsonl (a test checks that); the
//! others name the public source they were built from. Tests check what each one produces.

/// A sample: its menu group and label, where it comes from, and the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub group: &'static str,
    pub label: &'static str,
    /// The record id in tests/fixtures/real-world.jsonl, or "" for samples built from a source.
    pub id: &'static str,
    pub source: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        group: "Tokens",
        label: "Managed identity token, system-assigned (VM)",
        id: "jwt-imds-system-mirid-vm",
        source: "Azure/azure-sdk-for-python/sdk/identity/azure-identity/tests/recordings/test_imds_credential.pyTestImdstest_system_assigned_tenant_id.json@aff4e7fd63f6705a910d8f2107aa8341fa4f973d",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjA2MSwibmJmIjoxNjQzMjI2MDYxLCJleHAiOjE2NDMzMTI3NjEsImFpbyI6IkUyWmdZSmhUR1A0aUt1Wi9CT1BVbzQ5NDMrektCd0E9IiwiYXBwaWQiOiJmZTgzODY1Yi00OTVlLTRlYzctOTU3NC0xMmIyNjQ4ODJjOWYiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiI0NTZjMjQ3OS0yOTJjLTQzNzAtOTFiMS1lNGVhMzBjYTUxMzIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjQ1NmMyNDc5LTI5MmMtNDM3MC05MWIxLWU0ZWEzMGNhNTEzMiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6IlpnalI0bkEyS1VPMG15SFcwNlhDQUEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuQ29tcHV0ZS92aXJ0dWFsTWFjaGluZXMveGlhbmd5YW4iLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.I5YkAGUt9XXVoIL65NsL_X2x8MFWE6GfonEHB3GLu-rhDjLogMduvoaEWrlMdvBwHxIosEN8oZTakbJIB0KbDsl61Ye7IO9gqvv07sP8lxTycCU9cJF8jcaSq8o-b843qdpuBmaIC9WeKfCfgnJCfsadYqaZ1a8XtwDVNJsZcWh0k-OU3-kepW8GilWb6TWyAwpD0Xt7aGJlo243CoW3r2D8URk9Cyuma2dhzf88VXlKwUdRAVk8cprtXMGYe_YWlWtbW75NLrAZ1BjzB3hoZ2zm3u-_Sp4PXcMh5OB7qw9leVtX_jaenJQVbZPWnx_ABQeolAOJQUI0N9Gqzid2KA",
    },
    Sample {
        group: "Tokens",
        label: "Managed identity token, user-assigned",
        id: "jwt-imds-user-mirid-uami",
        source: "Azure/azure-sdk-for-python/sdk/identity/azure-identity/tests/recordings/test_imds_credential.pyTestImdstest_user_assigned.json@c5d99156feab24fba19cf8f09050fccfbefcdeca",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjEyNywibmJmIjoxNjQzMjI2MTI3LCJleHAiOjE2NDMzMTI4MjcsImFpbyI6IkUyWmdZTENPV1Bjb21zbmpTN3gzYTN6NHIxY3BBQT09IiwiYXBwaWQiOiIyZDViOWUzYy01YWY3LTQ0MTgtOGE2Yy04ZjgzYWNkNzhjYzQiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiIzZTI3NzQ1My1iNmM0LTQ3NjMtYWVkMi0xNDVhN2E5MTVkNWIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjNlMjc3NDUzLWI2YzQtNDc2My1hZWQyLTE0NWE3YTkxNWQ1YiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6ImIydlRxb2w4ZUUyYWRIa05yZ0FxQVEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuTWFuYWdlZElkZW50aXR5L3VzZXJBc3NpZ25lZElkZW50aXRpZXMveHltc2kiLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.HVSZQ17FTU6BdkcGXJR0CK3Ik9tPhdtkhtIxa01-OBJsrEBTX74gIKSt48oUIRmVy78QZsfktfbhxYccJHRi7uLGBw0WY0scFm6oicjbjyGUBXsvUsAmnJbEs5S4-OiBtF0kGJTQnpKfBV-4L5RIcv6koEHSwqF6iOH9KHcw28Eyc7wPvhK_90PseZ-YnsRfNJAotPrdh9mgWEVl7yRNoy_gDZnEvL0-nSp3kVgCtqeukvvB2IHc77fwNrqA61nkCLitoSZsHbr24TkqTTot4DWBffqwb-05zqC2Ml22WY9I8JURACv2OmEl5zRXMcw5ohg1HWaLryI7Qx3G04rPuQ",
    },
    Sample {
        group: "Tokens",
        label: "Pasted badly: \"Bearer \", quotes and line breaks",
        id: "",
        source: "RFC 7515 Appendix A.1 example, as printed with display line breaks, quoted with a Bearer scheme",
        text: "\"Bearer eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9\n.\neyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt\ncGxlLmNvbS9pc19yb290Ijp0cnVlfQ\n.\ndBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\"",
    },
    Sample {
        group: "Tokens",
        label: "Entra ID v2.0 user token (docs sample)",
        id: "jwt-entra-docs-v2-sample",
        source: "MicrosoftDocs/entra-docs/docs/identity-platform/access-tokens.md@0bbfa8a3b9832cfcf180599b762231b4296c6d3d",
        text: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Imk2bEdrM0ZaenhSY1ViMkMzbkVRN3N5SEpsWSJ9.eyJhdWQiOiI2ZTc0MTcyYi1iZTU2LTQ4NDMtOWZmNC1lNjZhMzliYjEyZTMiLCJpc3MiOiJodHRwczovL2xvZ2luLm1pY3Jvc29mdG9ubGluZS5jb20vNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3L3YyLjAiLCJpYXQiOjE1MzcyMzEwNDgsIm5iZiI6MTUzNzIzMTA0OCwiZXhwIjoxNTM3MjM0OTQ4LCJhaW8iOiJBWFFBaS84SUFBQUF0QWFaTG8zQ2hNaWY2S09udHRSQjdlQnE0L0RjY1F6amNKR3hQWXkvQzNqRGFOR3hYZDZ3TklJVkdSZ2hOUm53SjFsT2NBbk5aY2p2a295ckZ4Q3R0djMzMTQwUmlvT0ZKNGJDQ0dWdW9DYWcxdU9UVDIyMjIyZ0h3TFBZUS91Zjc5UVgrMEtJaWpkcm1wNjlSY3R6bVE9PSIsImF6cCI6IjZlNzQxNzJiLWJlNTYtNDg0My05ZmY0LWU2NmEzOWJiMTJlMyIsImF6cGFjciI6IjAiLCJuYW1lIjoiQWJlIExpbmNvbG4iLCJvaWQiOiI2OTAyMjJiZS1mZjFhLTRkNTYtYWJkMS03ZTRmN2QzOGU0NzQiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhYmVsaUBtaWNyb3NvZnQuY29tIiwicmgiOiJJIiwic2NwIjoiYWNjZXNzX2FzX3VzZXIiLCJzdWIiOiJIS1pwZmFIeVdhZGVPb3VZbGl0anJJLUtmZlRtMjIyWDVyclYzeERxZktRIiwidGlkIjoiNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3IiwidXRpIjoiZnFpQnFYTFBqMGVRYTgyUy1JWUZBQSIsInZlciI6IjIuMCJ9.pj4N-w_3Us9DrBLfpCt",
    },
    Sample {
        group: "Tokens",
        label: "Encrypted token (JWE)",
        id: "",
        source: "RFC 7516 Appendix A.3 (A128KW, A128CBC-HS256)",
        text: "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ",
    },
    Sample {
        group: "Tokens",
        label: "Broken: four parts (a README copy)",
        id: "jwt-four-segments-wrapped-payload",
        source: "garyf/jwt_claims_ex/README.md@d83bc51de170d771fcdb8f46bb2f8ad3b80cf98f",
        text: "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt.cGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    },
    Sample {
        group: "Responses",
        label: "IMDS (VM) response with a real token",
        id: "resp-imds-recorded-system-real-jwt",
        source: "Azure/azure-sdk-for-python/sdk/identity/azure-identity/tests/recordings/test_imds_credential.pyTestImdstest_system_assigned_tenant_id.json@aff4e7fd63f6705a910d8f2107aa8341fa4f973d",
        text: "{\n        \"access_token\": \"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjA2MSwibmJmIjoxNjQzMjI2MDYxLCJleHAiOjE2NDMzMTI3NjEsImFpbyI6IkUyWmdZSmhUR1A0aUt1Wi9CT1BVbzQ5NDMrektCd0E9IiwiYXBwaWQiOiJmZTgzODY1Yi00OTVlLTRlYzctOTU3NC0xMmIyNjQ4ODJjOWYiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiI0NTZjMjQ3OS0yOTJjLTQzNzAtOTFiMS1lNGVhMzBjYTUxMzIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjQ1NmMyNDc5LTI5MmMtNDM3MC05MWIxLWU0ZWEzMGNhNTEzMiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6IlpnalI0bkEyS1VPMG15SFcwNlhDQUEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuQ29tcHV0ZS92aXJ0dWFsTWFjaGluZXMveGlhbmd5YW4iLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.I5YkAGUt9XXVoIL65NsL_X2x8MFWE6GfonEHB3GLu-rhDjLogMduvoaEWrlMdvBwHxIosEN8oZTakbJIB0KbDsl61Ye7IO9gqvv07sP8lxTycCU9cJF8jcaSq8o-b843qdpuBmaIC9WeKfCfgnJCfsadYqaZ1a8XtwDVNJsZcWh0k-OU3-kepW8GilWb6TWyAwpD0Xt7aGJlo243CoW3r2D8URk9Cyuma2dhzf88VXlKwUdRAVk8cprtXMGYe_YWlWtbW75NLrAZ1BjzB3hoZ2zm3u-_Sp4PXcMh5OB7qw9leVtX_jaenJQVbZPWnx_ABQeolAOJQUI0N9Gqzid2KA\",\n        \"client_id\": \"fe83865b-495e-4ec7-9574-12b264882c9f\",\n        \"expires_in\": \"86311\",\n        \"expires_on\": \"1643312761\",\n        \"ext_expires_in\": \"86399\",\n        \"not_before\": \"1643226061\",\n        \"resource\": \"https://management.azure.com\",\n        \"token_type\": \"Bearer\"\n      }",
    },
    Sample {
        group: "Responses",
        label: "App Service / Functions 2019-08-01 response",
        id: "resp-appservice2019-issue-truncated-clientid",
        source: "https://github.com/Azure/azure-sdk-for-python/issues/11346",
        text: "{\n    \"access_token\": \"***\",\n    \"expires_on\": \"1597772135\",\n    \"resource\": \"https://vault.azure.net\",\n    \"token_type\": \"Bearer\",\n    \"client_id\": \"9eba17f1-...\"\n}",
    },
    Sample {
        group: "Responses",
        label: "Container Apps response (raw HTTP)",
        id: "resp-containerapps-doc-raw-http",
        source: "MicrosoftDocs/azure-docs/articles/container-apps/managed-identity.md@02570517c9d35586c50ec3e786f90d44f3b8f4ec",
        text: "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n    \"access_token\": \"eyJ0eXAi…\",\n    \"expires_on\": \"1586984735\",\n    \"resource\": \"https://vault.azure.net\",\n    \"token_type\": \"Bearer\",\n    \"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"\n}",
    },
    Sample {
        group: "Responses",
        label: "App Service 2017 docs sample (malformed date)",
        id: "resp-appservice2017-doc-malformed-date",
        source: "MicrosoftDocs/azure-docs/articles/app-service/app-service-managed-service-identity.md@02ed28a0c98b32cad76d8b039bb047ac85db9392",
        text: "HTTP/1.1 200 OK\nContent-Type: application/json\n \n{\n    \"access_token\": \"eyJ0eXAi…\",\n    \"expires_on\": \"09/14/2017 00:00:00 PM +00:00\",\n    \"resource\": \"https://vault.azure.net\",\n    \"token_type\": \"Bearer\"\n}",
    },
    Sample {
        group: "Responses",
        label: "App Service 2017 on Windows (date string)",
        id: "resp-appservice2017-windows-date-fragment",
        source: "https://github.com/Azure/azure-sdk-for-python/issues/9393",
        text: "\"expires_on\":\"1/10/2020 8:01:28 AM +00:00\"",
    },
    Sample {
        group: "Responses",
        label: "Service Fabric response (numeric expires_on)",
        id: "resp-servicefabric-doc-numeric",
        source: "MicrosoftDocs/azure-docs/articles/service-fabric/how-to-managed-identity-service-fabric-app-code.md@0076a623dc066a91d0839fed41aae9fe9870d745",
        text: "HTTP/1.1 200 OK\nContent-Type: application/json\n{\n    \"token_type\":  \"Bearer\",\n    \"access_token\":  \"eyJ0eXAiO...\",\n    \"expires_on\":  1565244611,\n    \"resource\":  \"https://vault.azure.net/\"\n}",
    },
    Sample {
        group: "Responses",
        label: "Azure Machine Learning response",
        id: "resp-azureml-recorded-int",
        source: "Azure/azure-sdk-assets/go/sdk/azidentity/testdata/recordings/TestManagedIdentityCredential_AzureMLLive.json@01ff0dada64d09d4b17a503cb3292114bfe57b2e",
        text: "{\n                \"access_token\": \"redacted\",\n                \"expires_in\": 85702,\n                \"expires_on\": 1697818980,\n                \"resource\": \"https://management.core.windows.net/\",\n                \"token_type\": \"Bearer\"\n            }",
    },
    Sample {
        group: "Responses",
        label: "Article sample: JSON without braces",
        id: "",
        source: "../shared/seed: the App Service article this project grew from (its response sample)",
        text: "\"access_token\": \"eyJ0eXAi…\",\n\"expires_on\": \"1586984735\",\n\"resource\": \"\",\n\"token_type\": \"Bearer\",\n\"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"",
    },
    Sample {
        group: "Errors",
        label: "IMDS: Identity not found (PowerShell)",
        id: "err-imds-identity-not-found-powershell",
        source: "https://github.com/MicrosoftDocs/azure-docs/issues/21322",
        text: "$response = Invoke-WebRequest -Uri 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net' -Method GET -Headers @{Metadata=\"true\"}\n\n*RETURN:*\nInvoke-WebRequest : {\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}\nAt line:1 char:13",
    },
    Sample {
        group: "Errors",
        label: "IMDS: Metadata header missing",
        id: "err-imds-missing-metadata-recorded",
        source: "Azure/azure-sdk-assets/go/sdk/azidentity/testdata/recordings/TestDefaultAzureCredential_IMDSLive.json@087379b475db843961aaab861fb112265f9441fa",
        text: "{\n                \"error\": \"invalid_request\",\n                \"error_description\": \"Required metadata header not specified\"\n            }",
    },
    Sample {
        group: "Errors",
        label: "Misspelled resource (AADSTS500011)",
        id: "err-imds-resource-typo-msal-log",
        source: "https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/issues/3979",
        text: "[Managed Identity] Error Code: invalid_resource Error Message: AADSTS500011: The resource principal named https://managements.azure.com was not found in the tenant named Microsoft. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.\nTrace ID: ab366fb9-c13f-4b41-b441-5833b3592401\nCorrelation ID: 9fa23f6b-f55c-4e1c-bd5f-9c3c68122ca4\nTimestamp: 2023-02-27 21:52:09Z Http status code: BadRequest",
    },
    Sample {
        group: "Errors",
        label: "App Service: Unable to load the proper Managed Identity",
        id: "err-appservice-unable-to-load-identity",
        source: "https://github.com/Azure/azure-sdk-for-net/issues/43691",
        text: "azure.identity: ManagedIdentityCredential authentication failed: Service request failed.Status: 400 (Bad Request)Content:{\"statusCode\":400,\"message\":\"Unable to load the proper Managed Identity.\",\"correlationId\":\"bf68136a-73f7-4ca4-9903-9ee8af3ab2ee\"}Headers:Date: Sat, 27 Apr 2024 02:28:31 GMTServer: KestrelTransfer-Encoding: chunkedX-CORRELATION-ID: REDACTEDContent-Type: application/json; charset=utf-8See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/managedidentitycredential/troubleshoot.",
    },
    Sample {
        group: "Errors",
        label: "Service Fabric: SecretHeaderNotFound",
        id: "err-servicefabric-secretheadernotfound",
        source: "MicrosoftDocs/azure-docs/articles/service-fabric/how-to-managed-identity-service-fabric-app-code.md@0076a623dc066a91d0839fed41aae9fe9870d745",
        text: "{\"error\":{\"correlationId\":\"7f30f4d3-0f3a-41e0-a417-527f21b3848f\",\"code\":\"SecretHeaderNotFound\",\"message\":\"Secret is not found in the request headers.\"}}",
    },
    Sample {
        group: "Errors",
        label: "Cloud Shell: AudienceNotSupported",
        id: "err-cloudshell-audience-azconfig",
        source: "https://github.com/Azure/CloudShell/issues/477",
        text: "{\"error\":{\"code\":\"AudienceNotSupported\",\"message\":\"Audience https://azconfig.io/ is not a supported MSI token audience.\"}}",
    },
    Sample {
        group: "Errors",
        label: "Azure Arc: the 401 challenge",
        id: "err-arc-challenge-realm-value",
        source: "AzureAD/microsoft-authentication-library-for-go/apps/managedidentity/managedidentity_test.go@247817fb0a8fe54d23a57debd9f32e96d53dc9bd",
        text: "Basic realm=/path/to/secret.key",
    },
];
