/**
 * The {@code kms} command-line tool: key management, signing, encryption and a guided demo on the
 * local provider. {@link dev.kms4j.cli.KmsCli} is the entry point; everything else in this package
 * is an implementation detail of the tool and not a library API.
 *
 * <p>The tool may print (it is the one place in kms4j that writes to stdout and stderr), but it
 * never prints key material, master keys or plaintext: decrypted data goes only to the output the
 * user chose for {@code kms decrypt}.
 */
package dev.kms4j.cli;
