#include "adapters/server/websocket_session.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream_base.hpp>
#include <sstream>

#include "adapters/server/io_failure_log.h"
#include "adapters/server/protocol.h"

namespace gutbot::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

WebSocketSession::WebSocketSession(net::ip::tcp::socket socket,
                                   std::shared_ptr<ServerContext> context, std::string resume_token,
                                   ClientLimits::Lease lease, std::string client)
    : ws_(std::move(socket)),
      context_(std::move(context)),
      resume_token_(std::move(resume_token)),
      lease_(std::move(lease)),
      client_(std::move(client)),
      bucket_(context_->options.max_messages_per_second, context_->options.message_burst) {}

WebSocketSession::~WebSocketSession() { context_->connections.remove(this); }

void WebSocketSession::start(beast::http::request<beast::http::string_body> request,
                             std::string early) {
  if (!context_->connections.add(shared_from_this())) return;
  const ServerOptions& options = context_->options;
  // Keep-alive pings make the idle timeout catch dead peers, not quiet users.
  ws_.set_option(websocket::stream_base::timeout{options.handshake_timeout, options.idle_timeout,
                                                 /*keep_alive_pings=*/true});
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "gutbot");
  }));
  ws_.read_message_max(options.max_frame_bytes);
  if (early.empty()) {
    return ws_.async_accept(
        request, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
  }
  // Beast keeps what follows a request it reads itself for the frames to
  // come: given the request again with the early bytes, it reads both (and
  // copies them before async_accept returns).
  std::ostringstream handshake;
  handshake << request << early;
  ws_.async_accept(net::buffer(handshake.str()),
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::shutdown() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->draining_ = true;
    if (!self->accepted_) return beast::get_lowest_layer(self->ws_).cancel();
    if (self->engine_calls_ == 0) self->close(websocket::close_code::going_away);
  });
}

void WebSocketSession::fail(boost::system::error_code ec, const char* what) {
  // After one failed operation a WebSocket stream is unusable.
  open_ = false;
  LogIoFailure(context_->log_summary, ec, what);
}

void WebSocketSession::on_accept(boost::system::error_code ec) {
  if (ec) return fail(ec, "ws_accept_failed");
  accepted_ = true;
  if (draining_) return close(websocket::close_code::going_away);

  if (resume_token_.empty() || !resume(resume_token_)) {
    session_ = context_->tokens.issue();
    send_welcome(nullptr);
  }
  do_read();
}

bool WebSocketSession::resume(const std::string& token) {
  TokenCheck checked = context_->tokens.check(token);
  if (checked.status != TokenStatus::kValid) {
    const bool expired = checked.status == TokenStatus::kExpired;
    context_->rejected(expired ? "session_expired" : "invalid_session");
    send(ErrorFrame(expired
                        ? bot::Error{bot::ErrorCode::kSessionExpired,
                                     "The session has expired; this is a new session."}
                        : bot::Error{bot::ErrorCode::kInvalidSession,
                                     "The session token is not valid; this is a new session."}));
    return false;
  }
  // A fresh token for the same conversation keeps an active one in date,
  // never past the session's lifetime.
  session_ = context_->tokens.refresh(std::move(checked));
  conversation_counted_ = true;
  ++engine_calls_;
  // Messages read meanwhile are queued behind this in the engine, so the
  // welcome goes out before their replies.
  context_->engine->history(
      session_.id, context_->options.history_turns,
      OnExecutor<bot::Result<std::vector<bot::HistoryEntry>>>(
          *context_, ws_.get_executor(), shared_from_this(),
          [](WebSocketSession& self, bot::Result<std::vector<bot::HistoryEntry>> history) {
            self.on_history(std::move(history));
          }));
  return true;
}

void WebSocketSession::on_history(bot::Result<std::vector<bot::HistoryEntry>> history) {
  // Without its history the conversation still goes on; the client sees an
  // empty one rather than no session.
  const std::vector<bot::HistoryEntry> none;
  if (!history)
    LogEvent(bot::LogLevel::kWarn, "history_failed",
             {{"code", bot::ErrorName(history.error().code)}});
  send_welcome(history ? &history.value() : &none);
  engine_call_done();
}

void WebSocketSession::send_welcome(const std::vector<bot::HistoryEntry>* history) {
  const auto kb = context_->engine->knowledge_base();
  send(WelcomeFrame(session_.token, kb->phrases.welcome, kb->phrases.welcome_suggestions,
                    kb->source, history));
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(boost::system::error_code ec, std::size_t) {
  // Beast itself closes with 1009 and 1007 for these.
  if (ec == websocket::error::message_too_big) context_->rejected("frame_too_big");
  if (ec == websocket::error::bad_frame_payload) context_->rejected("invalid_utf8");
  if (ec) return fail(ec, "ws_read_failed");
  const std::string frame = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  if (draining_ || close_code_) return;
  handle(frame);
  if (!close_code_) do_read();
}

void WebSocketSession::handle(const std::string& frame) {
  if (!bucket_.take()) {
    context_->rejected("rate_limited");
    if (++rate_violations_ >= context_->options.max_rate_violations) {
      return close(websocket::close_code::policy_error);
    }
    return send(ErrorFrame(
        {bot::ErrorCode::kRateLimited, "Too many messages; wait a moment before sending more."}));
  }
  rate_violations_ = 0;
  if (!ws_.got_text()) {
    return send(
        ErrorFrame({bot::ErrorCode::kUnsupportedFrame, "Messages are JSON in text frames."}));
  }
  const ServerOptions& options = context_->options;
  auto parsed = ParseFrame(frame, options.max_message_chars, options.max_comment_chars);
  if (!parsed) return send(ErrorFrame(parsed.error()));
  switch (parsed.value().type) {
    case FrameType::kMessage:
      return submit(std::move(parsed.value().message));
    case FrameType::kResume:
      if (messages_seen_) {
        return send(ErrorFrame({bot::ErrorCode::kResumeTooLate,
                                "Send \"resume\" as the first frame, before any message."}));
      }
      resume(parsed.value().session);
      return;
    case FrameType::kFeedback:
      return rate(std::move(parsed.value().feedback));
  }
}

void WebSocketSession::submit(Request message) {
  // A conversation is new when its first message comes on a session that was
  // issued here, not resumed (a widget that resumes by a frame was issued one
  // first): that is what the per-address quota counts.
  if (!conversation_counted_) {
    if (!context_->limits->allow_new_conversation(client_)) {
      context_->rejected("too_many_conversations");
      send(ErrorFrame({bot::ErrorCode::kTooManyConversations,
                       "Too many new conversations from your address; try again later."}));
      return close(websocket::close_code::policy_error);
    }
    conversation_counted_ = true;
  }
  messages_seen_ = true;
  ++engine_calls_;
  std::string id = message.id;
  context_->engine->submit(
      bot::Message{session_.id, std::move(message.text), "ws", id, /*shows_disclaimer=*/true},
      OnExecutor<bot::Result<bot::Reply>>(
          *context_, ws_.get_executor(), shared_from_this(),
          [id](WebSocketSession& self, bot::Result<bot::Reply> reply) {
            self.on_reply(std::move(reply), id);
          }));
}

void WebSocketSession::rate(Feedback feedback) {
  ++engine_calls_;
  std::string id = feedback.id;
  context_->engine->rate(
      bot::RatingWrite{session_.id, std::move(feedback.id), std::move(feedback.rating),
                       std::move(feedback.comment)},
      OnExecutor<bot::Result<bool>>(*context_, ws_.get_executor(), shared_from_this(),
                                    [id](WebSocketSession& self, bot::Result<bool> saved) {
                                      self.send(saved ? FeedbackSavedFrame(id)
                                                      : ErrorFrame(saved.error()));
                                      self.engine_call_done();
                                    }));
}

void WebSocketSession::on_reply(bot::Result<bot::Reply> reply, const std::string& id) {
  send(reply ? ReplyFrame(std::move(reply.value()), id)
             : ErrorFrame(ClientFacingError(reply.error())));
  engine_call_done();
}

void WebSocketSession::engine_call_done() {
  --engine_calls_;
  if (draining_ && engine_calls_ == 0) close(websocket::close_code::going_away);
}

void WebSocketSession::send(std::string frame) {
  if (!open_ || close_code_) return;
  if (outbox_.size() >= context_->options.max_outgoing_frames) {
    context_->rejected("slow_reader");
    return close(websocket::close_code::policy_error);
  }
  outbox_.push_back(std::move(frame));
  if (outbox_.size() == 1) do_write();
}

void WebSocketSession::do_write() {
  ws_.text(true);
  ws_.async_write(net::buffer(outbox_.front()),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(boost::system::error_code ec, std::size_t) {
  if (ec) return fail(ec, "ws_write_failed");
  outbox_.pop_front();
  if (!outbox_.empty()) return do_write();
  if (close_code_) do_close();
}

void WebSocketSession::close(CloseCode code) {
  if (!open_ || close_code_) return;
  close_code_ = code;
  // Going away, the replies already queued still go out; a client closed
  // for abuse gets nothing more than the frame being written.
  if (code != websocket::close_code::going_away && outbox_.size() > 1) outbox_.resize(1);
  if (outbox_.empty()) do_close();
}

void WebSocketSession::do_close() {
  ws_.async_close(*close_code_,
                  beast::bind_front_handler(&WebSocketSession::on_close, shared_from_this()));
}

void WebSocketSession::on_close(boost::system::error_code ec) {
  if (ec) return fail(ec, "ws_close_failed");
  open_ = false;
}

}  // namespace gutbot::adapters
