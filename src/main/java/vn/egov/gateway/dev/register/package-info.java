/**
 * The mock national population register ("mock register", DESIGN.md sections 2 and 4): records of
 * the synthetic citizens ({@link vn.egov.gateway.dev.CitizenGenerator}, same seed as the mock VNeID)
 * over HTTPS with mutual TLS. Development and tests only.
 *
 * <h2>Transport and access</h2>
 * TLS with a required client certificate from the configured CA ({@code tls.client-ca}): a client
 * without one fails the handshake. Reading records ({@code /api/...}) also needs the certificate's
 * subject CN in {@code allowed-clients}, else 403 {@code client-not-allowed}. {@code GET /health}
 * answers {@code {"status":"UP"}} to any client that completed the handshake.
 *
 * <h2>API</h2>
 * {@code GET /api/v1/citizens/{identityNumber}[?fields=a,b,c]}: the record, or only the named
 * top-level attributes (repeated {@code fields} parameters add up). Every answer carries
 * {@code X-Request-Id} (the trace id of a well-formed W3C {@code traceparent}, else a new one); a
 * record also {@code Last-Modified} (its {@code updatedAt}) and {@code Cache-Control: no-store}.
 * Errors are {@code application/problem+json} (RFC 9457) with a stable {@code type}
 * ({@code https://egov-gateway.vn/problems/} + slug), {@code title} (English), {@code title_vi},
 * {@code status}, {@code detail} and {@code instance} (the request id):
 * <ul>
 *   <li>400 {@code invalid-identity-number}: not 12 ASCII digits;</li>
 *   <li>400 {@code invalid-fields}: an empty name in {@code fields};</li>
 *   <li>400 {@code unknown-attributes}: names every unknown attribute in {@code detail} and in
 *       {@code errors} ({@code {"parameter":"fields","code":"unknown-attribute","value":...}});</li>
 *   <li>403 {@code client-not-allowed}; 404 {@code citizen-not-found}; 404 {@code not-found} and
 *       405 {@code method-not-allowed} for other paths and methods.</li>
 * </ul>
 *
 * <h2>Record attributes</h2>
 * The "register attributes" the gateway's procedure mappings name (Law on Identification 2023
 * Art. 9). Text is UTF-8 and NFC; dates are {@code yyyy-MM-dd}; absent values are {@code null},
 * absent lists {@code []}. Keep these names stable.
 * <ul>
 *   <li>{@code identityNumber}: 12 digits (số định danh cá nhân).</li>
 *   <li>{@code fullName}: as registered at birth; {@code otherNames}: list, usually empty.</li>
 *   <li>{@code birthdate}; {@code gender}: {@code MALE} or {@code FEMALE}.</li>
 *   <li>{@code placeOfBirth}: a province name; {@code birthRegistrationPlace}: the registering unit
 *       ("Phường ..., Quận ..., Thành phố Hà Nội", "Tỉnh Nam Định").</li>
 *   <li>{@code hometown} (quê quán), {@code ethnicity}, {@code religion}, {@code nationality}.</li>
 *   <li>{@code bloodType}: {@code O}, {@code A}, {@code B} or {@code AB}. Sensitive: never prefilled.</li>
 *   <li>{@code formerIdNumber}: the old 9-digit CMND, or null; a former document number, never a key.</li>
 *   <li>{@code idCard}: {@code {issueDate, issuePlace, expiryDate}}; {@code expiryDate} is the
 *       birthday at 25, 40 or 60, or null for a card that never expires (issued from 58).</li>
 *   <li>{@code father}, {@code mother}, {@code spouse} (null unless married), {@code legalRepresentative}
 *       (a parent for a minor, else null): {@code {fullName, identityNumber, nationality}};
 *       {@code children}: a list of the same. Relatives are not listed citizens: their numbers
 *       are well formed but answer 404.</li>
 *   <li>{@code permanentAddress} (thường trú), {@code temporaryAddress} (tạm trú, usually null),
 *       {@code currentAddress} (nơi ở hiện tại): {@code {country ("VN"), provinceCode, communeCode,
 *       legacyDistrictCode, detail, formatted}}. {@code legacyDistrictCode} is null except for data
 *       from before 1 July 2025, whose {@code communeCode} is then a pre-2025 ward code.</li>
 *   <li>{@code residenceFileNumber}: số hồ sơ cư trú; 13 digits, a format of the mock's own.</li>
 *   <li>{@code maritalStatus}: the Vietnamese word (Chưa kết hôn, Đã kết hôn, Ly hôn, Góa).</li>
 *   <li>{@code household}: {@code {headName, headIdentityNumber, relationshipToHead, members:
 *       [{fullName, identityNumber, relationship, birthdate}]}}; relationships are to the head, in
 *       Vietnamese (Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Con dâu, Cháu); the head is the first member
 *       and the citizen is one of them.</li>
 *   <li>{@code phone}, {@code email}; {@code dateOfDeath}: always null for listed citizens.</li>
 *   <li>{@code updatedAt}: when the register last changed the record, an ISO-8601 instant (UTC).</li>
 * </ul>
 */
package vn.egov.gateway.dev.register;
