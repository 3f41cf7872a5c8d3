#include "https_stub.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "server_process.h"

namespace gutbot::testing {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace http = boost::beast::http;

struct FreeKey {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct FreeCertificate {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what);
}

void AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  Check(extension != nullptr && X509_add_ext(certificate, extension, -1) == 1, "add extension");
  X509_EXTENSION_free(extension);
}

template <class Write>
std::string Pem(Write write) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new(BIO_s_mem()));
  Check(bio && write(bio.get()) == 1, "write PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

struct KeyAndCertificate {
  std::string key_pem;
  std::string certificate_pem;
};

// A P-256 key and a certificate for "localhost" it signs itself, valid for a
// day.
KeyAndCertificate MakeSelfSigned() {
  std::unique_ptr<EVP_PKEY, FreeKey> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, FreeCertificate> certificate(X509_new());
  Check(key && certificate, "allocate");
  X509* cert = certificate.get();
  Check(X509_set_version(cert, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert), -60) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600) != nullptr &&
            X509_set_pubkey(cert, key.get()) == 1,
        "fill certificate");
  X509_NAME* name = X509_get_subject_name(cert);
  Check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                                   0) == 1 &&
            X509_set_issuer_name(cert, name) == 1,
        "name certificate");
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, NID_subject_alt_name, "DNS:localhost");
  Check(X509_sign(cert, key.get(), EVP_sha256()) > 0, "sign certificate");
  return {Pem([&](BIO* bio) {
            return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
          }),
          Pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert); })};
}

}  // namespace

HttpsStub::HttpsStub(std::string response_body)
    : response_body_(std::move(response_body)), ca_file_(FreshTempPath("gutbot-stub-ca") + ".pem") {
  const KeyAndCertificate made = MakeSelfSigned();
  std::ofstream(ca_file_) << made.certificate_pem;
  tls_.use_certificate_chain(net::buffer(made.certificate_pem));
  tls_.use_private_key(net::buffer(made.key_pem), ssl::context::pem);
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.bind(endpoint);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  accept();
  thread_ = std::thread([this] { ioc_.run(); });
}

HttpsStub::~HttpsStub() {
  ioc_.stop();
  thread_.join();
  std::filesystem::remove(ca_file_);
}

void HttpsStub::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, net::ip::tcp::socket socket) {
    if (ec) return;
    net::co_spawn(
        ioc_,
        [this, socket = std::move(socket)]() mutable -> net::awaitable<void> {
          ssl::stream<net::ip::tcp::socket> stream(std::move(socket), tls_);
          co_await stream.async_handshake(ssl::stream_base::server, net::use_awaitable);
          boost::beast::flat_buffer buffer;
          http::request<http::string_body> request;
          co_await http::async_read(stream, buffer, request, net::use_awaitable);
          record({std::string(request.method_string()), std::string(request.target()),
                  std::string(request[http::field::authorization]),
                  std::string(request[http::field::content_type]), request.body()});
          http::response<http::string_body> response{http::status::ok, 11};
          response.set(http::field::content_type, "application/json");
          response.keep_alive(false);
          response.body() = response_body_;
          response.prepare_payload();
          co_await http::async_write(stream, response, net::use_awaitable);
        },
        // A client that gives up (one that does not trust the certificate)
        // ends its coroutine with an exception, which means nothing here.
        net::detached);
    accept();
  });
}

void HttpsStub::record(Received received) {
  std::lock_guard lock(mutex_);
  received_.push_back(std::move(received));
  changed_.notify_all();
}

std::vector<HttpsStub::Received> HttpsStub::wait_for(std::size_t count,
                                                     std::chrono::seconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
  return received_;
}

}  // namespace gutbot::testing
