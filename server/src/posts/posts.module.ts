import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { CommunitiesModule } from '../communities/communities.module';
import { appConfig } from '../config/app-config';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { NotificationsModule } from '../notifications/notifications.module';
import { PointsModule } from '../points/points.module';
import { PostImagesService } from './post-images.service';
import { Post, PostSchema } from './post.schema';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { JobRegistryModule } from '../jobs/job-registry';
import { ProgrammeModule } from '../programme/programme.module';

@Module({
  imports: [
    ProgrammeModule,
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Post.name, schema: PostSchema },
      { name: Member.name, schema: MemberSchema },
    ]),
    CommunitiesModule,
    NotificationsModule,
    PointsModule,
  ],
  controllers: [PostsController],
  providers: [PostsService, PostImagesService],
  exports: [PostsService],
})
export class PostsModule {}
