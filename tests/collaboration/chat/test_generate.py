"""The generated province's chat (for the benchmark): bulk rows that the selectors read as if the
services had written them."""

from __future__ import annotations

from congvu.accounts.models import User
from congvu.collaboration.chat import selectors
from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
from congvu.synthetic import province as generator
from congvu.synthetic.collaboration import generate_chat


def test_generated_chat_is_consistent(db):
    generator.generate(units=20, users=150, seed=3)
    written = generate_chat(seed=3, people=40, per_person=(3, 6))
    assert (
        written
        == Conversation.objects.count() + ChatMessage.objects.count() + ConversationMember.objects.count()
    )
    bench = User.objects.get(username=generator.BENCH_USERNAME)
    page = selectors.conversation_page(bench)
    assert page.items and all(row.last_message is not None for row in page.items)
    assert [row.last_activity_at for row in page.items] == sorted(
        (row.last_activity_at for row in page.items), reverse=True
    )
    for conversation in Conversation.objects.all()[:20]:
        last = ChatMessage.objects.filter(conversation=conversation).order_by("-id").first()
        assert conversation.last_message_id == last.pk and conversation.last_activity_at == last.sent_at
    direct = Conversation.objects.filter(kind="direct").first()
    assert direct is not None and direct.direct_low_id < direct.direct_high_id
    assert selectors.unread_total(bench) >= 0
