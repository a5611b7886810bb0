import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PostView } from '@memberloop/shared';
import { Avatar } from '../../components/Avatar';
import { assetUrl } from '../../services/api-client';
import { dateTimeText } from '../../services/date-text';
import { POST_KIND_LABEL, photoColumns, postStatus } from './post-text';

/** One post: its author, words and photos (tap to enlarge); the author's own posts also say where they stand. */
export function PostCard({ post, own = false }: { post: PostView; own?: boolean }) {
  const urls = post.imageUrls.map(assetUrl);
  const columns = photoColumns(urls.length);
  const status = postStatus(post);
  return (
    <View className='post' data-testid='post'>
      <View className='post__head'>
        <Avatar name={post.authorName} url={post.authorAvatarUrl} size={72} />
        <View className='post__who'>
          <Text className='post__author'>{post.authorName}</Text>
          <Text className='post__date'>{dateTimeText(post.createdAt)}</Text>
        </View>
        {own ? (
          <Text className={`post__status post__status--${post.status}`} data-testid='post-status'>
            {status.label}
          </Text>
        ) : (
          <Text className='post__kind'>{POST_KIND_LABEL[post.kind]}</Text>
        )}
      </View>
      <Text className='post__text'>{post.text}</Text>
      {urls.length > 0 && (
        <View className={`post__photos post__photos--${columns}`}>
          {urls.map((url) => (
            <Image
              key={url}
              className='post__photo'
              src={url}
              mode='aspectFill'
              onClick={() => void Taro.previewImage({ urls, current: url })}
            />
          ))}
        </View>
      )}
      {own && status.detail && (
        <Text className={`post__detail ${post.status === 'rejected' ? 'post__detail--rejected' : ''}`}>{status.detail}</Text>
      )}
    </View>
  );
}
