"""Delivery: build each recipient's digest email, keep it in the outbox, send it over SMTP.

    compose -> outbox (stored before sending) -> flush_outbox -> SmtpSender
"""

from monitor.delivery.compose import Composed, compose, due_recipients, queue_digest
from monitor.delivery.message import RenderedMessage, build_message, message_id
from monitor.delivery.outbox import Backoff, FlushReport, flush_outbox
from monitor.delivery.smtp import DeliveryError, SmtpSender, Transport, read_password

__version__ = "0.1.0"
__all__ = ["Backoff", "Composed", "DeliveryError", "FlushReport", "RenderedMessage", "SmtpSender", "Transport",
           "__version__", "build_message", "compose", "due_recipients", "flush_outbox", "message_id",
           "queue_digest", "read_password"]
