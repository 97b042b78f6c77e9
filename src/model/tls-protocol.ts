/** A TLS or SSL protocol version, as the reports name it. */
export type TlsProtocol = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
